import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Ponder
import Ponder.Backend

// The model's thinking, above its answer. While it thinks: open, with a live "Thinking… 12 s".
// When the answer starts it folds to "Thought for 12 s"; a click, Enter or Space toggles it.
// The duration shown once finished is the stored one (reasoningMs), and the open/closed choice
// is reported (expandedByUser) so the app can store it; both survive restarts. `note` follows the
// duration once finished ("Thought for 41 s · budget reached").
Item {
    id: root
    required property string reasoning
    required property bool thinking
    required property int reasoningMs
    property string note: ""
    property bool expanded: thinking
    signal expandedByUser(bool expanded)
    property real maxTraceHeight: 260

    // Seconds shown in the header: live while thinking, the stored duration afterwards.
    property int liveSeconds: 0
    readonly property int seconds: thinking ? Math.max(liveSeconds, Math.floor(reasoningMs / 1000))
                                            : Math.round(reasoningMs / 1000)
    readonly property string headerText: thinking ? qsTr("Thinking… %1 s").arg(seconds)
                                                  : qsTr("Thought for %1 s").arg(seconds)
                                                    + (note.length > 0 ? " · " + note : "")

    implicitHeight: column.implicitHeight
    implicitWidth: 400
    visible: thinking || reasoning.length > 0

    onThinkingChanged: {
        if (thinking) {
            startedAt = Date.now() - reasoningMs;
            expanded = true;
        } else {
            expanded = false;  // the answer has started
        }
    }
    property double startedAt: Date.now() - reasoningMs

    function toggle() {
        expanded = !expanded;
        expandedByUser(expanded);
    }

    Timer {
        running: root.thinking && root.visible
        interval: 250
        repeat: true
        triggeredOnStart: true
        onTriggered: root.liveSeconds = Math.floor((Date.now() - root.startedAt) / 1000)
    }

    ColumnLayout {
        id: column
        width: parent.width
        spacing: Theme.spacingSmall

        AbstractButton {
            id: header
            objectName: "reasoningHeader"
            Layout.fillWidth: true
            padding: 6
            focusPolicy: Qt.StrongFocus
            hoverEnabled: true
            Accessible.role: Accessible.Button
            Accessible.name: root.headerText + (root.expanded ? qsTr(", expanded") : qsTr(", collapsed"))
            onClicked: root.toggle()
            Keys.onSpacePressed: root.toggle()
            Keys.onReturnPressed: root.toggle()
            contentItem: RowLayout {
                spacing: Theme.spacing
                Text {
                    text: root.expanded ? "▾" : "▸"
                    color: Theme.textMuted
                    font.pixelSize: Theme.fontNormal
                }
                Text {
                    objectName: "reasoningHeaderText"
                    text: root.headerText
                    color: Theme.textMuted
                    font.pixelSize: Theme.fontSmall + 1
                    font.italic: root.thinking
                    Layout.fillWidth: true
                }
            }
            background: Rectangle {
                radius: Theme.radius - 2
                color: header.hovered ? Theme.surfaceHover : "transparent"
                border.color: header.visualFocus ? Theme.accent : "transparent"
            }
        }

        Rectangle {
            objectName: "reasoningTrace"
            visible: root.expanded
            Layout.fillWidth: true
            Layout.preferredHeight: Math.min(trace.implicitHeight + 16, root.maxTraceHeight)
            radius: Theme.radius
            color: Theme.surface
            border.color: Theme.border

            // Long traces scroll inside the panel; while thinking it follows the newest text.
            Flickable {
                id: flick
                anchors.fill: parent
                anchors.margins: 8
                clip: true
                contentHeight: trace.implicitHeight
                boundsBehavior: Flickable.StopAtBounds
                ScrollBar.vertical: ScrollBar { policy: flick.contentHeight > flick.height ? ScrollBar.AsNeeded : ScrollBar.AlwaysOff }
                onContentHeightChanged: if (root.thinking) contentY = Math.max(0, contentHeight - height)

                // Plain text with its math drawn as formulas; a copied selection keeps the source.
                TextEdit {
                    id: trace
                    objectName: "reasoningText"
                    width: flick.width - 12
                    readOnly: true
                    selectByMouse: true
                    wrapMode: Text.Wrap
                    color: Theme.textMuted
                    font.pixelSize: Theme.fontSmall + 1
                    Accessible.name: qsTr("Reasoning")
                    Keys.onPressed: event => {
                        if (event.matches(StandardKey.Copy)) {
                            traceMath.copy(trace.selectionStart, trace.selectionEnd);
                            event.accepted = true;
                        }
                    }
                    MathDocument {
                        id: traceMath
                        objectName: "reasoningMath"
                        document: trace.textDocument
                        text: root.reasoning
                        markdown: false
                        color: Theme.textMuted
                        pixelSize: Theme.fontSmall + 1
                    }
                }
            }
        }
    }
}
