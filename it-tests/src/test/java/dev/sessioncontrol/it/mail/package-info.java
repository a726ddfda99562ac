/**
 * The new-device e-mail.
 */
package dev.sessioncontrol.it.mail;
