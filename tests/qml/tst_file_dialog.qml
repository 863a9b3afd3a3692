import QtQuick
import QtQuick.Dialogs
import QtTest

// The file dialogs the app uses (open a model, import, export) can be shown. Without a platform
// dialog Qt falls back to its Qt Quick FileDialog, which needs the Qt.labs.folderlistmodel module
// (Debian: qml6-module-qt-labs-folderlistmodel); when that is missing the dialog never opens.
Item {
    id: stage
    width: 800
    height: 600

    FileDialog {
        id: openModel
        parentWindow: stage.Window.window
        nameFilters: ["GGUF models (*.gguf)", "All files (*)"]
    }
    FileDialog {
        id: exportConversation
        parentWindow: stage.Window.window
        fileMode: FileDialog.SaveFile
        nameFilters: ["Markdown (*.md)", "JSON with all branches (*.json)"]
    }

    TestCase {
        name: "FileDialog"
        when: windowShown

        function test_dialogOpens_data() {
            return [
                { tag: "open a model", dialog: openModel },
                { tag: "export a conversation", dialog: exportConversation }
            ];
        }
        function test_dialogOpens(row) {
            row.dialog.open();
            tryCompare(row.dialog, "visible", true, 3000, "the dialog is shown (is qml6-module-qt-labs-folderlistmodel installed?)");
            row.dialog.close();
            tryCompare(row.dialog, "visible", false);
        }
    }
}
