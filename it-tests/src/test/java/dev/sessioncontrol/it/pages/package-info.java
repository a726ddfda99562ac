/**
 * Page objects of the consoles the extension themes: what a test does on the admin console's Sessions pages and on
 * the account console's Sessions page, by the data-testid markers the theme keeps for them. Built on
 * {@code support.WebBrowser}; tests of every feature use them instead of reaching into each other's classes.
 */
package dev.sessioncontrol.it.pages;
