/**
 * The concurrent-login policy: its modes and actions on browser sign-ins and token grants, the Session policy
 * step and its pages, device types, the DenyNew race, and the policy on two nodes.
 */
package dev.sessioncontrol.it.policy;
