import QtQuick
import QtQuick.Controls.Basic
import Ponder

// Where a model path is typed or pasted. It starts empty each time the dialog opens (a path
// that failed last time is gone), and focusing it selects what is there, so a paste replaces
// it instead of landing in the middle of it.
TextField {
    id: root
    signal pathEntered(string path)

    function reset() {
        clear();
        forceActiveFocus();
    }

    placeholderText: qsTr("…or paste a path, e.g. /models/QwQ-32B-Q4_K_M.gguf, and press Enter")
    color: Theme.text
    selectByMouse: true
    Accessible.name: qsTr("Model file path")
    onActiveFocusChanged: if (activeFocus) selectAll()
    onAccepted: if (text.trim().length > 0) root.pathEntered(text.trim())
}
