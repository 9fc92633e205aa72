#pragma once

namespace sb {

// Blocks SIGINT and SIGTERM in the calling thread and every thread it starts afterwards, so
// a stop request is never lost between start-up and waiting. Call first thing in main paths.
void block_stop_signals();
// Waits for SIGINT or SIGTERM (blocked by block_stop_signals) and returns its number.
int wait_for_stop_signal();

}  // namespace sb
