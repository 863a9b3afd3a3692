pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Ponder
import Ponder.Backend

// In the Open model dialog: the models of each remote server (Settings → Remote servers), read
// from its /v1/models when the user asks; choosing one sends this chat there.
ColumnLayout {
    id: root
    spacing: Theme.spacingSmall

    Label {
        text: qsTr("On a remote server")
        color: Theme.textMuted
        font.pixelSize: Theme.fontSmall
    }
    Label {
        visible: RemoteEndpoints.count === 0
        text: qsTr("Add OpenAI-compatible servers (vLLM, llama.cpp, Ollama, another Ponder) in Settings → Remote servers.")
        color: Theme.textMuted
        font.pixelSize: Theme.fontSmall
        wrapMode: Text.Wrap
        Layout.fillWidth: true
    }
    Repeater {
        model: RemoteEndpoints
        delegate: ColumnLayout {
            id: server
            required property string endpointId
            required property string name
            required property string baseUrl
            required property var models
            required property string modelsStatus
            Layout.fillWidth: true
            spacing: 0
            RowLayout {
                Layout.fillWidth: true
                Label { text: server.name; color: Theme.text; font.weight: Font.Medium }
                Label { text: server.baseUrl; color: Theme.textMuted; font.pixelSize: Theme.fontSmall; elide: Text.ElideMiddle; Layout.fillWidth: true }
                IconButton {
                    text: server.models.length > 0 ? qsTr("Refresh") : qsTr("List models")
                    small: true
                    tip: qsTr("Ask %1 which models it serves").arg(server.name)
                    onClicked: RemoteEndpoints.listModels(server.endpointId)
                }
            }
            Label {
                visible: server.modelsStatus.length > 0
                text: server.modelsStatus
                color: Theme.textMuted
                font.pixelSize: Theme.fontSmall
                wrapMode: Text.Wrap
                Layout.fillWidth: true
            }
            Repeater {
                model: server.models
                delegate: ItemDelegate {
                    required property string modelData
                    Layout.fillWidth: true
                    text: modelData
                    highlighted: ChatController.remoteServer === server.name && ChatController.modelName === modelData
                    onClicked: ChatController.useRemoteModel(server.endpointId, modelData) // the dialog closes when it is ready
                }
            }
        }
    }
}
