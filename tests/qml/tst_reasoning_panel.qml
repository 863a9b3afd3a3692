import QtQuick
import QtTest
import Ponder

// The reasoning panel: live while thinking, folds when the answer starts, toggles, and shows
// the stored duration for finished replies.
// TestCase itself is an invisible item; components under test live on the visible stage.
Item {
    id: stage
    width: 600
    height: 400

    TestCase {
        id: testCase
        name: "ReasoningPanel"
        when: windowShown

        Component {
            id: panelComponent
            ReasoningPanel {
                width: 500
                reasoning: ""
                thinking: false
                reasoningMs: 0
            }
        }

        Component {
            id: spyComponent
            SignalSpy { signalName: "expandedByUser" }
        }

        function headerText(panel) { return findChild(panel, "reasoningHeaderText").text; }
        function trace(panel) { return findChild(panel, "reasoningTrace"); }

        function test_liveWhileThinking() {
            const panel = createTemporaryObject(panelComponent, stage, { thinking: true, reasoning: "Let me see" });
            verify(panel.expanded, "open while the model thinks");
            verify(trace(panel).visible);
            compare(headerText(panel), "Thinking… 0 s");
            tryVerify(() => headerText(panel) === "Thinking… 1 s", 2500, "the timer counts up live");
        }

        function test_collapsesWhenTheAnswerStarts() {
            const panel = createTemporaryObject(panelComponent, stage, { thinking: true, reasoning: "trace" });
            panel.reasoningMs = 12000;
            panel.thinking = false;
            verify(!panel.expanded);
            verify(!trace(panel).visible);
            compare(headerText(panel), "Thought for 12 s");
        }

        function test_clickAndKeyboardToggle() {
            const panel = createTemporaryObject(panelComponent, stage, { reasoning: "a long trace", reasoningMs: 3000 });
            verify(!panel.expanded, "finished replies start folded");
            const header = findChild(panel, "reasoningHeader");
            mouseClick(header);
            verify(panel.expanded);
            verify(trace(panel).visible);
            header.forceActiveFocus();
            keyClick(Qt.Key_Space);
            verify(!panel.expanded);
            keyClick(Qt.Key_Return);
            verify(panel.expanded);
        }

        function test_userTogglesAreReportedForSaving() {
            const panel = createTemporaryObject(panelComponent, stage, { reasoning: "trace", reasoningMs: 2000 });
            const spy = createTemporaryObject(spyComponent, stage, { target: panel });
            mouseClick(findChild(panel, "reasoningHeader"));
            compare(spy.count, 1);
            compare(spy.signalArguments[0][0], true);
            panel.thinking = true;  // programmatic changes are not user choices
            panel.thinking = false;
            compare(spy.count, 1);
        }

        function test_storedOpenStateIsRestored() {
            const panel = createTemporaryObject(panelComponent, stage, { reasoning: "trace", reasoningMs: 2000, expanded: true });
            verify(trace(panel).visible);
            compare(headerText(panel), "Thought for 2 s");
        }

        function test_persistedDurationIsShownAfterReload() {
            const panel = createTemporaryObject(panelComponent, stage, { reasoning: "old trace", reasoningMs: 5400 });
            compare(headerText(panel), "Thought for 5 s");
            wait(1100);
            compare(headerText(panel), "Thought for 5 s", "no live timer for finished replies");
        }

        function test_longTracesScrollInside() {
            const panel = createTemporaryObject(panelComponent, stage,
                                                { reasoning: "line\n".repeat(200), reasoningMs: 1000, expanded: true });
            verify(trace(panel).height <= panel.maxTraceHeight);
        }

        function test_hiddenWithoutReasoning() {
            const panel = createTemporaryObject(panelComponent, stage, {});
            verify(!panel.visible);
        }
    }
}
