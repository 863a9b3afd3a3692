import QtQuick
import QtTest
import Ponder

// The composer: Enter sends and clears, Shift+Enter adds a line, nothing is sent while disabled.
// TestCase itself is an invisible item; components under test live on the visible stage.
Item {
    id: stage
    width: 600
    height: 300

    TestCase {
        id: testCase
        name: "Composer"
        when: windowShown

        Component {
            id: composerComponent
            Composer { width: 500; height: 100 }
        }
        SignalSpy { id: sendSpy; signalName: "sendRequested" }
        SignalSpy { id: stopSpy; signalName: "stopRequested" }
        Component { id: spyComponent; SignalSpy {} }

        function makeComposer(properties) {
            const composer = createTemporaryObject(composerComponent, stage, properties || {});
            sendSpy.clear();
            sendSpy.target = composer;
            stopSpy.clear();
            stopSpy.target = composer;
            composer.focusInput();
            return composer;
        }

        function test_enterSends() {
            const composer = makeComposer();
            keySequence("h,i");
            keyClick(Qt.Key_Return);
            compare(sendSpy.count, 1);
            compare(sendSpy.signalArguments[0][0], "hi");
            compare(composer.text, "", "the input is cleared after sending");
        }

        function test_shiftEnterAddsANewLine() {
            const composer = makeComposer();
            keyClick(Qt.Key_A);
            keyClick(Qt.Key_Return, Qt.ShiftModifier);
            keyClick(Qt.Key_B);
            compare(sendSpy.count, 0);
            compare(composer.text, "a\nb");
            keyClick(Qt.Key_Enter);
            compare(sendSpy.signalArguments[0][0], "a\nb");
        }

        function test_blankMessagesAreNotSent() {
            makeComposer();
            keyClick(Qt.Key_Space);
            keyClick(Qt.Key_Return);
            compare(sendSpy.count, 0);
        }

        function test_disabledWithAReason() {
            const composer = makeComposer({ disabledReason: "Open a model to start chatting" });
            const input = findChild(composer, "composerInput");
            verify(!input.enabled);
            compare(input.placeholderText, "Open a model to start chatting");
            composer.send();
            compare(sendSpy.count, 0);
        }

        function test_typingWhileTheModelLoads() {
            const composer = makeComposer({ waitingReason: "Loading the model…" });
            const input = findChild(composer, "composerInput");
            verify(input.enabled, "the input takes text while the model loads");
            compare(input.placeholderText, "Loading the model…");
            keySequence("h,i");
            keyClick(Qt.Key_Return);
            compare(sendSpy.count, 1, "Enter hands the message over (the controller holds it)");
            compare(sendSpy.signalArguments[0][0], "hi");
        }

        function test_aWaitingMessageIsShownAndCanBeTakenBack() {
            const composer = makeComposer({ queuedText: "what is 2+2?" });
            verify(findChild(composer, "queuedRow").visible);
            verify(findChild(composer, "queuedLabel").text.indexOf("what is 2+2?") >= 0);
            keySequence("m,o,r,e");
            keyClick(Qt.Key_Return);
            compare(sendSpy.count, 0, "one waiting message at a time");
            const editSpy = createTemporaryObject(spyComponent, testCase, { target: composer, signalName: "editQueuedRequested" });
            mouseClick(findChild(composer, "editQueuedButton"));
            compare(editSpy.count, 1);
            composer.restore("what is 2+2?");
            compare(composer.text, "what is 2+2?\nmore", "the message goes back in front of the new text");
        }

        function test_stopWhileGenerating() {
            const composer = makeComposer({ generating: true });
            const button = findChild(composer, "sendButton");
            verify(button.text.indexOf("Stop") >= 0);
            mouseClick(button);
            compare(stopSpy.count, 1);
            compare(sendSpy.count, 0);
        }
    }
}
