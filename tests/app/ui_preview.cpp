// The real UI on the scripted engine: `ponder-ui-preview --model any.gguf --new-chat "Hi"`.
// For screenshots and UI work while no real model is at hand.
#include "run_ponder.h"
#include "scripted_engine.h"

#include <QtGlobal>

int main(int argc, char** argv) {
    ponder::testing::ReplyScript script;
    script.reasoning = {"The user asks for the sum of the first 10 odd numbers. ",
                        "Odd numbers: 1, 3, 5, 7, 9, 11, 13, 15, 17, 19. ",
                        "The sum of the first n odd numbers is n², so 10² = 100. ",
                        "Check: 1+3=4, +5=9, +7=16 … a running sum of squares, good."};
    script.answer = {"The sum of the first 10 odd numbers is **100**.\n\n",
                     "Each partial sum is a perfect square, because the *n*-th odd number is 2n − 1:\n\n",
                     "```python\nprint(sum(2 * n - 1 for n in range(1, 11)))  # 100\n```\n\n",
                     "So in general, 1 + 3 + … + (2n − 1) = n²."};
    script.pieceDelayMs = 150;
    // Tests that need a reply still streaming a while later slow it down.
    if (qEnvironmentVariableIsSet("PONDER_PREVIEW_PIECE_MS"))
        script.pieceDelayMs = qEnvironmentVariableIntValue("PONDER_PREVIEW_PIECE_MS");
    return ponder::app::runPonder(argc, argv, ponder::testing::scriptedEngine(script));
}
