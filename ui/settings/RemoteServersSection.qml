pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Ponder
import Ponder.Backend

// Settings → Remote servers: OpenAI-compatible servers a chat can use instead of a local file
// (vLLM, SGLang, llama.cpp's server, Ollama, another Ponder). Name and address are kept in the
// settings, the API key only in the system keychain. Ponder contacts a server only when a chat
// uses it or its models are listed (in the Open model dialog).
ColumnLayout {
    id: root
    spacing: Theme.spacing
    property string editingId: "" // the server the form edits; "" adds a new one

    function startEditing(id, name, url) {
        editingId = id;
        nameField.text = name;
        urlField.text = url;
        keyField.text = "";
    }
    function clearForm() {
        editingId = "";
        nameField.text = "";
        urlField.text = "";
        keyField.text = "";
    }

    Repeater {
        model: RemoteEndpoints
        delegate: RowLayout {
            id: server
            required property string endpointId
            required property string name
            required property string baseUrl
            required property bool hasKey
            Layout.fillWidth: true
            spacing: Theme.spacing
            ColumnLayout {
                spacing: 0
                Layout.preferredWidth: 320
                Layout.fillWidth: false // its texts fill it, not the row
                Text { text: server.name; color: Theme.text; font.pixelSize: Theme.fontNormal; font.weight: Font.Medium; elide: Text.ElideRight; Layout.fillWidth: true }
                Text {
                    text: server.baseUrl + (server.hasKey ? qsTr("  ·  key in the system keychain") : "")
                    color: Theme.textMuted
                    font.pixelSize: Theme.fontSmall
                    elide: Text.ElideMiddle
                    Layout.fillWidth: true
                }
            }
            IconButton { text: qsTr("Edit"); small: true; tip: qsTr("Edit %1").arg(server.name); onClicked: root.startEditing(server.endpointId, server.name, server.baseUrl) }
            IconButton {
                text: qsTr("Remove"); small: true; tip: qsTr("Remove %1 and its key").arg(server.name)
                onClicked: {
                    if (root.editingId === server.endpointId)
                        root.clearForm();
                    RemoteEndpoints.remove(server.endpointId);
                }
            }
            Item { Layout.fillWidth: true }
        }
    }
    Text {
        visible: RemoteEndpoints.count === 0
        text: qsTr("None yet. Add a server to chat with models that run elsewhere, such as a vLLM or llama.cpp server on a GPU machine.")
        color: Theme.textMuted
        font.pixelSize: Theme.fontSmall + 1
        wrapMode: Text.Wrap
        Layout.fillWidth: true
    }

    Text {
        Layout.topMargin: Theme.spacing
        text: root.editingId.length > 0 ? qsTr("Edit the server") : qsTr("Add a server")
        color: Theme.text
        font.pixelSize: Theme.fontNormal
    }
    GridLayout {
        columns: 2
        Layout.fillWidth: true
        Text { text: qsTr("Name"); color: Theme.textMuted; font.pixelSize: Theme.fontSmall + 1; Layout.preferredWidth: 170 }
        TextField { id: nameField; objectName: "remoteServerName"; Layout.fillWidth: true; placeholderText: qsTr("GPU box"); Accessible.name: qsTr("Remote server name") }
        Text { text: qsTr("Address"); color: Theme.textMuted; font.pixelSize: Theme.fontSmall + 1 }
        TextField { id: urlField; objectName: "remoteServerUrl"; Layout.fillWidth: true; placeholderText: "http://192.168.1.20:8000/v1"; Accessible.name: qsTr("Remote server address") }
        Text { text: qsTr("API key"); color: Theme.textMuted; font.pixelSize: Theme.fontSmall + 1 }
        TextField {
            id: keyField
            Layout.fillWidth: true
            echoMode: TextInput.Password
            placeholderText: root.editingId.length > 0 ? qsTr("Unchanged (type a new key to replace it)") : qsTr("None")
            Accessible.name: qsTr("Remote server API key")
        }
    }
    RowLayout {
        Button {
            text: root.editingId.length > 0 ? qsTr("Save server") : qsTr("Add server")
            enabled: nameField.text.trim().length > 0 && urlField.text.trim().length > 0
            onClicked: {
                if (root.editingId.length === 0) {
                    if (RemoteEndpoints.add(nameField.text, urlField.text, keyField.text))
                        root.clearForm();
                } else if (RemoteEndpoints.edit(root.editingId, nameField.text, urlField.text)) {
                    if (keyField.text.length > 0)
                        RemoteEndpoints.setApiKey(root.editingId, keyField.text);
                    root.clearForm();
                }
            }
        }
        Button {
            visible: root.editingId.length > 0
            text: qsTr("Forget the key")
            onClicked: RemoteEndpoints.setApiKey(root.editingId, "")
        }
        Button { visible: root.editingId.length > 0; text: qsTr("Cancel"); onClicked: root.clearForm() }
    }
    Text {
        objectName: "remoteServerProblem"
        visible: RemoteEndpoints.problem.length > 0
        text: RemoteEndpoints.problem
        color: Theme.danger
        font.pixelSize: Theme.fontSmall + 1
        wrapMode: Text.Wrap
        Layout.fillWidth: true
    }
}
