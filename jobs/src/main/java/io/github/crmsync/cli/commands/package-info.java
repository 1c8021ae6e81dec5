/**
 * One picocli class per command: it parses its options, calls the application services
 * and prints their results, nothing else.
 */
package io.github.crmsync.cli.commands;
