import QtQuick
import QtTest
import Ponder

// The offer to switch to the model a chat was written with: hidden without one, names the
// file (and the loaded model), and asks for the switch with the chat's model path.
Item {
    id: stage
    width: 700
    height: 200

    TestCase {
        name: "ModelSwitchBar"
        when: windowShown

        Component {
            id: barComponent
            ModelSwitchBar { width: 600 }
        }
        SignalSpy { id: switchSpy; signalName: "switchRequested" }

        function test_hiddenWithoutAModel() {
            const bar = createTemporaryObject(barComponent, stage);
            verify(!bar.visible);
            compare(bar.implicitHeight, 0);
        }

        function test_offersTheChatsModel() {
            const bar = createTemporaryObject(barComponent, stage, {
                modelPath: "/models/QwQ-32B-Q4_K_M.gguf", loadedModelName: "Qwen3-8B" });
            verify(bar.visible);
            const text = findChild(bar, "switchText").text;
            verify(text.indexOf("QwQ-32B-Q4_K_M.gguf") >= 0, text);
            verify(text.indexOf("Qwen3-8B") >= 0, text);
            switchSpy.target = bar;
            mouseClick(findChild(bar, "switchButton"));
            compare(switchSpy.count, 1);
            compare(switchSpy.signalArguments[0][0], "/models/QwQ-32B-Q4_K_M.gguf");
        }
    }
}
