package dev.sessioncontrol.keycloak.sessions.counts;

import org.infinispan.protostream.GeneratedSchema;
import org.infinispan.protostream.annotations.ProtoSchema;
import org.infinispan.protostream.annotations.ProtoSyntax;

/**
 * The ProtoStream schema of what this jar sends between nodes. ProtoStream's annotation processor generates its
 * implementation; {@link SessionControlSchemaInitializer} registers it with Keycloak. Type names (no numeric ids)
 * identify the messages, so they cannot clash with Keycloak's or another extension's ids.
 */
@ProtoSchema(
        service = false,
        syntax = ProtoSyntax.PROTO3,
        schemaPackageName = "sessioncontrol",
        schemaFilePath = "proto/generated",
        schemaFileName = "session-control.proto",
        allowNullFields = true,
        includeClasses = {CountsClusterEvent.class, CountsClusterEvent.Change.class})
interface SessionControlSchema extends GeneratedSchema {}
