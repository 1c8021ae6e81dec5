/**
 * Small pieces shared by every feature: the exception that turns bad input into exit code
 * 2, and bulk loading through PostgreSQL's COPY.
 */
@NullMarked
package io.github.crmsync.support;

import org.jspecify.annotations.NullMarked;
