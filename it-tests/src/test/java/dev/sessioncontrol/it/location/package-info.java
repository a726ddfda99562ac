/** Where sessions are: places from the run's location database, the country filter, impossible travel. */
package dev.sessioncontrol.it.location;
