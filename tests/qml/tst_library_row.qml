import QtQuick
import QtTest
import Ponder

// A model row of the library: a click asks to load a usable model and nothing else; a model that
// cannot run shows why and ignores clicks; the folder button asks to reveal the file, not to load it.
Item {
    id: stage
    width: 1000
    height: 200

    TestCase {
        name: "LibraryRowDelegate"
        when: windowShown

        Component {
            id: rowComponent
            LibraryRowDelegate {
                width: 960
                path: "/models/QwQ-32B-Q4_K_M.gguf"
                name: "QwQ 32B"
                fileName: "Qwen/QwQ-32B-GGUF/qwq-32b-q4_k_m.gguf"
                source: "Hugging Face"
                family: "qwen2"
                parameters: "32.8 B"
                typeMix: "Q4_K_M"
                fileSize: "19.9 GB"
                context: 131072
                reasoning: true
                fit: "Fits on GPU"
                fitKind: 0
                error: ""
            }
        }
        SignalSpy { id: loadSpy; signalName: "loadRequested" }
        SignalSpy { id: revealSpy; signalName: "revealRequested" }

        function init() {
            loadSpy.clear();
            revealSpy.clear();
        }

        function test_aClickLoadsAUsableModel() {
            const row = createTemporaryObject(rowComponent, stage);
            loadSpy.target = row;
            revealSpy.target = row;
            mouseClick(row, 40, row.height / 2);
            compare(loadSpy.count, 1);
            compare(loadSpy.signalArguments[0][0], "/models/QwQ-32B-Q4_K_M.gguf");
            compare(revealSpy.count, 0);
            compare(findChild(row, "fitText").text, "Fits on GPU");
        }

        function test_theFolderButtonRevealsWithoutLoading() {
            const row = createTemporaryObject(rowComponent, stage);
            loadSpy.target = row;
            revealSpy.target = row;
            mouseClick(findChild(row, "revealButton"));
            compare(revealSpy.count, 1);
            compare(revealSpy.signalArguments[0][0], "/models/QwQ-32B-Q4_K_M.gguf");
            compare(loadSpy.count, 0);
        }

        function test_aModelThatCannotRunSaysWhyAndIgnoresClicks() {
            const row = createTemporaryObject(rowComponent, stage, {
                error: "tensor 'blk.0.attn_q.weight' has type IQ1_S, which Ponder cannot run yet",
                fit: "Cannot run", fitKind: 3 });
            loadSpy.target = row;
            mouseClick(row, 40, row.height / 2);
            compare(loadSpy.count, 0);
            const detail = findChild(row, "detailText").text;
            verify(detail.indexOf("IQ1_S") >= 0, detail);
        }
    }
}
