package dev.sessioncontrol.keycloak.sessions.bulk;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class JobStateTest {

    @Test
    void theQueriesNameTheEnumAndTheColumnKeepsItsValues() {
        assertEquals(JobState.class.getName(), JobState.QUALIFIED);
        assertEquals("RUNNING", JobState.RUNNING.name());
        assertEquals("DONE", JobState.DONE.name());
    }
}
