// ponder [--data-dir DIR] [--model FILE.gguf] [--new-chat TEXT] [--version]
#include "chat/engine_api.h"
#include "run_ponder.h"

int main(int argc, char** argv) {
    return ponder::app::runPonder(argc, argv, ponder::app::realEngine());
}
