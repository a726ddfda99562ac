package dev.sessioncontrol.keycloak.sessions.bulk;

/** Where a bulk ending's job stands; stored by name in {@code SC_ENDING_JOB.STATE}. */
enum JobState {
    RUNNING,
    DONE;

    /** The enum's name as the entity's queries write its literals. */
    static final String QUALIFIED = "dev.sessioncontrol.keycloak.sessions.bulk.JobState";
}
