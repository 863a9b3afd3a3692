pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls.Basic
import Ponder

// A flat button with a short glyph or label, a tooltip, and an accessible name.
ToolButton {
    id: root
    required property string tip
    property bool primary: false
    property bool small: false

    font.pixelSize: small ? Theme.fontSmall : Theme.fontNormal
    padding: small ? 4 : 6
    hoverEnabled: true
    focusPolicy: Qt.TabFocus
    Accessible.name: tip
    ToolTip.visible: hovered && tip.length > 0
    ToolTip.delay: 600
    ToolTip.text: tip

    contentItem: Text {
        text: root.text
        font: root.font
        color: root.primary ? Theme.accentText : (root.enabled ? Theme.text : Theme.textMuted)
        horizontalAlignment: Text.AlignHCenter
        verticalAlignment: Text.AlignVCenter
    }
    background: Rectangle {
        radius: Theme.radius - 2
        color: root.primary ? (root.down ? Qt.darker(Theme.accent, 1.15) : Theme.accent)
                            : (root.down || root.hovered ? Theme.surfaceHover : "transparent")
        border.color: root.visualFocus ? Theme.accent : "transparent"
        opacity: root.enabled ? 1 : 0.5
    }
}
