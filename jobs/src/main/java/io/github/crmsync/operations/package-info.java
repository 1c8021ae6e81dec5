/**
 * The admin surface over Spring Batch's job repository: history and execution detail
 * (streamed, indexed queries), job control (stop, restart, recover, abandon) with the
 * rules of each transition, and pruning of old history.
 */
@NullMarked
package io.github.crmsync.operations;

import org.jspecify.annotations.NullMarked;
