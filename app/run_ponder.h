// The whole app lifetime: command line, history, controllers, window, clean quit on SIGTERM.
#pragma once

#include "chat/engine_api.h"

namespace ponder::app {

int runPonder(int argc, char** argv, EngineApi engine);

} // namespace ponder::app
