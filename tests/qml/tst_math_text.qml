import QtQuick
import QtTest
import Ponder

// Math in an answer and in the reasoning: formulas are drawn (not left as TeX), money stays
// text, and Ctrl+C on a selection copies the source as the model wrote it.
Item {
    id: stage
    width: 700
    height: 500

    TestCase {
        id: testCase
        name: "MathText"
        when: windowShown

        Component {
            id: answerComponent
            MarkdownText { width: 600 }
        }
        Component {
            id: panelComponent
            ReasoningPanel { width: 600; thinking: false; reasoningMs: 1000; expanded: true }
        }
        Component {
            id: pasteTarget
            TextEdit { width: 100; height: 20 }
        }

        function test_answerMathIsDrawn() {
            const answer = createTemporaryObject(answerComponent, stage, {
                markdown: "So $x^2 = 4$ and\n\n\\[\\boxed{x = 2}\\]\n\nIt costs $5 and $10." });
            const prose = findChild(answer, "prose");
            compare(findChild(prose, "proseMath").formulaCount, 2);
            verify(prose.length > 0);
            verify(prose.height > 40, "the display formula takes room");
        }

        function test_copyingASelectionGivesTheSource() {
            const source = "So $x^2 = 4$ and \\(y_1\\) too.";
            const answer = createTemporaryObject(answerComponent, stage, { markdown: source });
            const prose = findChild(answer, "prose");
            prose.forceActiveFocus();
            prose.selectAll();
            keySequence(StandardKey.Copy);
            const target = createTemporaryObject(pasteTarget, stage);
            target.paste();
            compare(target.text, source);
        }

        function test_reasoningMathIsDrawn() {
            const panel = createTemporaryObject(panelComponent, stage, {
                reasoning: "Factor: \\((x-2)(x-3) = 0\\), so $x = 2$.\nPens cost $2 each." });
            compare(findChild(panel, "reasoningMath").formulaCount, 2);
        }
    }
}
