/**
 * The command line's entry point: picocli's command tree ({@code commands}, with what the
 * commands share in {@code shared}), the lazy start of the Spring application (and with
 * it the database) only once a command needs it, exit codes, and what SIGTERM does.
 * Machine-readable output goes to stdout alone; logs go to stderr. Commands parse and
 * print; the rules and the work are the application services'. No SQL here.
 */
@NullMarked
package io.github.crmsync.cli;

import org.jspecify.annotations.NullMarked;
