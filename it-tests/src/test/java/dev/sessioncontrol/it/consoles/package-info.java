/**
 * The admin and account consoles in real headless Chromium, through the page objects of {@code pages}: the
 * Sessions pages, their layout and languages, a realm of 10,000 sessions, and the stock consoles left alone.
 */
package dev.sessioncontrol.it.consoles;
