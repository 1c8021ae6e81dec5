/**
 * What every front end (the command line, the web console) calls: the job registry
 * ({@link io.github.crmsync.application.JobKind}), launches on the caller's thread or in
 * the background, each under its job's lock
 * ({@link io.github.crmsync.application.JobLaunches}), the selections of on-demand jobs
 * with their rules, dry-run previews, job control, and reports and details as data that a
 * front end renders.
 */
@NullMarked
package io.github.crmsync.application;

import org.jspecify.annotations.NullMarked;
