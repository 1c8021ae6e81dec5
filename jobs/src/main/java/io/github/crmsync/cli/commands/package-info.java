/**
 * One picocli class per command: it parses its options, calls the application services
 * and prints their results, nothing else.
 */
@NullMarked
package io.github.crmsync.cli.commands;

import org.jspecify.annotations.NullMarked;
