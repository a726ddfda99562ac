/**
 * The native REST API: the admin and account routes, their filters, paging and endings, offline sessions and
 * the addresses a session keeps.
 */
package dev.sessioncontrol.it.api;
