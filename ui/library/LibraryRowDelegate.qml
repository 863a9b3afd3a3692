pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Ponder

// One model of the library: name over its file and source; parameters, type mix, size, trained
// context, reasoning and fit in columns. A click loads it (unless it cannot run); Folder reveals the file.
ItemDelegate {
    id: root
    required property string path
    required property string name
    required property string fileName
    required property string source
    required property string family
    required property string parameters
    required property string typeMix
    required property string fileSize
    required property int context
    required property bool reasoning
    required property string fit
    required property int fitKind
    required property string error
    signal loadRequested(string path)
    signal revealRequested(string path)

    readonly property bool usable: error.length === 0
    hoverEnabled: true
    padding: Theme.spacing
    Accessible.name: usable ? qsTr("%1, %2, %3. Click to load.").arg(name).arg(parameters).arg(fit)
                            : qsTr("%1 cannot run: %2").arg(name).arg(error)
    ToolTip.visible: hovered && !usable
    ToolTip.delay: 400
    ToolTip.text: error
    onClicked: if (usable) root.loadRequested(path)

    // Fit colours (FitVerdict 0..5): green fits on GPU, amber split or CPU only, grey unknown, red too
    // large or unusable.
    function fitColor(kind) {
        return kind === 0 ? "#2eb872" : (kind === 1 || kind === 2 ? "#e0a82e" : (kind === 4 ? Theme.textMuted : Theme.danger));
    }
    // A fixed-width column; LibraryPage's titles use the same widths.
    component Cell: Text {
        property int columnWidth: 80
        color: root.usable ? Theme.text : Theme.textMuted
        font.pixelSize: Theme.fontSmall + 1
        elide: Text.ElideRight
        Layout.preferredWidth: columnWidth
        Layout.maximumWidth: columnWidth
        Layout.minimumWidth: columnWidth
    }

    background: Rectangle {
        radius: Theme.radius
        color: root.hovered && root.usable ? Theme.surfaceHover : Theme.surface
    }
    contentItem: RowLayout {
        spacing: Theme.spacingLarge
        ColumnLayout {
            Layout.fillWidth: true
            Layout.preferredWidth: 100  // the name column takes what the fixed columns leave
            spacing: 2
            Text {
                text: root.name
                color: root.usable ? Theme.text : Theme.textMuted
                font.pixelSize: Theme.fontSmall + 1
                font.weight: Font.DemiBold
                elide: Text.ElideRight
                Layout.fillWidth: true
            }
            Text {
                objectName: "detailText"
                text: root.usable ? [root.family, root.source, root.fileName].filter(s => s.length > 0).join(" · ")
                                  : root.fileName + " — " + root.error
                color: root.usable ? Theme.textMuted : Theme.danger
                font.pixelSize: Theme.fontSmall
                elide: Text.ElideRight
                Layout.fillWidth: true
            }
        }
        Cell { text: root.parameters; columnWidth: 80 }
        Cell { text: root.typeMix; columnWidth: 110 }
        Cell { text: root.fileSize; columnWidth: 80 }
        Cell { text: root.context > 0 ? root.context.toLocaleString(Qt.locale(), "f", 0) : ""; columnWidth: 70 }
        Cell { text: root.reasoning ? qsTr("thinks") : ""; color: Theme.accent; columnWidth: 76 }
        RowLayout {
            Layout.preferredWidth: 160
            Layout.maximumWidth: 160
            spacing: 6
            Rectangle { width: 8; height: 8; radius: 4; color: root.fitColor(root.fitKind) }
            Text {
                objectName: "fitText"
                text: root.fit
                color: root.usable ? Theme.text : Theme.textMuted
                font.pixelSize: Theme.fontSmall + 1
                elide: Text.ElideRight
                Layout.fillWidth: true
            }
        }
        IconButton {
            objectName: "revealButton"
            text: qsTr("Folder")
            small: true
            tip: qsTr("Show the file in the file manager")
            onClicked: root.revealRequested(root.path)
            Layout.preferredWidth: 56
        }
    }
}
