/**
 * Bulk endings: sign-out of everyone, the cut-off their answer promises, at scale and on two nodes.
 */
package dev.sessioncontrol.it.endings;
