/**
 * What the commands share: option groups (a selection, a run's options), converters,
 * output formats and printers (tables, JSON, a launch's report, a dry run's preview).
 */
@NullMarked
package io.github.crmsync.cli.shared;

import org.jspecify.annotations.NullMarked;
