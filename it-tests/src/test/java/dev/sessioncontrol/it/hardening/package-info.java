/**
 * Hostile input: each attack tried on the extension reproduced, and every route fuzzed.
 */
package dev.sessioncontrol.it.hardening;
