/**
 * The command line: one picocli command class per command, turning options into calls of
 * the features below and printing their results. Machine-readable output goes to stdout
 * alone; logs go to stderr. Spring (and the database) start only once the command line
 * has parsed and a command needs them. No SQL here.
 */
package io.github.crmsync.cli;
