import QtQuick
import QtTest
import Ponder

// The Open model path field: empty and focused when the dialog opens, and a click or focus
// selects the old text, so a pasted path replaces it.
Item {
    id: stage
    width: 700
    height: 200

    TestCase {
        name: "ModelPathField"
        when: windowShown

        Component {
            id: fieldComponent
            ModelPathField { width: 600 }
        }
        SignalSpy { id: enteredSpy; signalName: "pathEntered" }

        function test_startsEmptyAndFocusedOnReset() {
            const field = createTemporaryObject(fieldComponent, stage, { text: "/models/failed-last-time.gguf" });
            field.reset();
            compare(field.text, "");
            verify(field.activeFocus);
        }

        function test_aClickSelectsTheOldPathSoAPasteReplacesIt() {
            const field = createTemporaryObject(fieldComponent, stage, { text: "/models/old.gguf" });
            mouseClick(field, field.width / 4, field.height / 2);
            verify(field.activeFocus);
            compare(field.selectedText, "/models/old.gguf");
            keySequence("/,n,e,w");
            compare(field.text, "/new");
        }

        function test_enterHandsThePathOn() {
            const field = createTemporaryObject(fieldComponent, stage);
            enteredSpy.target = field;
            field.reset();
            for (const c of "/m.gguf") keyClick(c);
            keyClick(Qt.Key_Return);
            compare(enteredSpy.count, 1);
            compare(enteredSpy.signalArguments[0][0], "/m.gguf");
        }
    }
}
