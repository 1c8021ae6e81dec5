/**
 * Source (billing) records ({@code source_record}): what the jobs re-sync, with their
 * parent and account links, and the JSON Lines import that loads or refreshes them.
 */
@NullMarked
package io.github.crmsync.source;

import org.jspecify.annotations.NullMarked;
