pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Ponder
import Ponder.Backend

// Defaults for new chats (sampling, system prompt, context, device), this chat's overrides,
// and the look (theme, font size). Every control writes straight to SettingsController.
Popup {
    id: root
    modal: true
    anchors.centerIn: parent
    width: Math.min(620, parent ? parent.width - 48 : 620)
    height: Math.min(720, parent ? parent.height - 48 : 720)
    padding: Theme.spacingLarge
    onOpened: {
        chatPrompt.text = ChatController.conversationSystemPrompt();
        const overrides = JSON.parse(ChatController.conversationSamplingJson() || "{}");
        chatTemperature.checked = overrides.temperature !== undefined;
        chatTemperatureValue.value = overrides.temperature !== undefined ? overrides.temperature : SettingsController.temperature;
        chatBudget.value = ChatController.conversationThinkingBudget();
    }
    background: Rectangle { radius: Theme.radius + 4; color: Theme.background; border.color: Theme.border }

    // Opens scrolled to Settings → Remote servers (ponder --show remote-servers).
    function openAtRemoteServers() {
        open();
        Qt.callLater(() => {
            const page = scroll.contentItem; // the ScrollView's Flickable
            page.contentY = Math.max(0, Math.min(remoteServersTitle.y - Theme.spacing, page.contentHeight - page.height));
        });
    }

    component SectionTitle: Text {
        color: Theme.text
        font.pixelSize: Theme.fontNormal + 1
        font.weight: Font.DemiBold
        Layout.topMargin: Theme.spacingLarge
        Layout.columnSpan: 2
    }
    component Caption: Text {
        color: Theme.textMuted
        font.pixelSize: Theme.fontSmall + 1
        Layout.preferredWidth: 170
    }
    component Slider2: RowLayout {
        id: slider
        required property string label
        required property real from
        required property real to
        required property real stepSize
        required property real value
        property int decimals: 2
        signal moved(real value)
        Layout.columnSpan: 2
        Caption { text: slider.label }
        Slider {
            from: slider.from; to: slider.to; stepSize: slider.stepSize; value: slider.value
            Layout.fillWidth: true
            Accessible.name: slider.label
            onMoved: slider.moved(value)
        }
        Text { text: slider.value.toFixed(slider.decimals); color: Theme.text; Layout.preferredWidth: 48 }
    }

    contentItem: ColumnLayout {
        RowLayout {
            Text { text: qsTr("Settings"); color: Theme.text; font.pixelSize: Theme.fontLarge + 2; font.weight: Font.DemiBold; Layout.fillWidth: true }
            IconButton { text: "✕"; tip: qsTr("Close settings"); onClicked: root.close() }
        }
        ScrollView {
            id: scroll
            Layout.fillWidth: true
            Layout.fillHeight: true
            contentWidth: availableWidth
            GridLayout {
                width: scroll.availableWidth
                columns: 2
                rowSpacing: Theme.spacing

                SectionTitle { text: qsTr("Sampling defaults") }
                Slider2 { label: qsTr("Temperature"); from: 0; to: 2; stepSize: 0.05; value: SettingsController.temperature; onMoved: v => SettingsController.temperature = v }
                Slider2 { label: qsTr("Top-p"); from: 0; to: 1; stepSize: 0.01; value: SettingsController.topP; onMoved: v => SettingsController.topP = v }
                Slider2 { label: qsTr("Min-p"); from: 0; to: 0.5; stepSize: 0.01; value: SettingsController.minP; onMoved: v => SettingsController.minP = v }
                Slider2 { label: qsTr("Top-k"); from: 0; to: 200; stepSize: 1; decimals: 0; value: SettingsController.topK; onMoved: v => SettingsController.topK = v }
                Slider2 { label: qsTr("Repeat penalty"); from: 1; to: 2; stepSize: 0.01; value: SettingsController.repeatPenalty; onMoved: v => SettingsController.repeatPenalty = v }
                Caption { text: qsTr("Max reply tokens") }
                SpinBox {
                    from: 0; to: 131072; stepSize: 256; editable: true
                    value: SettingsController.maxTokens
                    textFromValue: (v, locale) => v === 0 ? qsTr("Until the context is full") : Number(v).toLocaleString(locale, "f", 0)
                    valueFromText: (text, locale) => text === qsTr("Until the context is full") ? 0 : Number.fromLocaleString(locale, text)
                    onValueModified: SettingsController.maxTokens = value
                    Layout.preferredWidth: 220
                    Accessible.name: qsTr("Max reply tokens")
                }
                Caption { text: qsTr("Default system prompt") }
                TextArea {
                    Layout.fillWidth: true
                    wrapMode: TextArea.Wrap
                    text: SettingsController.systemPrompt
                    placeholderText: qsTr("None")
                    background: Rectangle { radius: Theme.radius - 2; color: Theme.surface; border.color: Theme.border }
                    Accessible.name: qsTr("Default system prompt")
                    onEditingFinished: SettingsController.systemPrompt = text
                }

                SectionTitle { text: qsTr("Reasoning") }
                Caption { text: qsTr("Thinking budget (tokens)") }
                SpinBox {
                    objectName: "thinkingBudget"
                    from: 0; to: 131072; stepSize: 256; editable: true
                    value: SettingsController.thinkingBudget
                    textFromValue: (v, locale) => v === 0 ? qsTr("No limit") : Number(v).toLocaleString(locale, "f", 0)
                    valueFromText: (text, locale) => text === qsTr("No limit") ? 0 : Number.fromLocaleString(locale, text)
                    onValueModified: SettingsController.thinkingBudget = value
                    Layout.preferredWidth: 220
                    Accessible.name: qsTr("Thinking budget in tokens")
                    ToolTip.visible: hovered
                    ToolTip.text: qsTr("After this many reasoning tokens Ponder ends the reasoning and the model answers.")
                }
                Caption { text: qsTr("At the budget, Ponder writes") }
                TextField {
                    Layout.fillWidth: true
                    text: SettingsController.budgetTransition
                    placeholderText: qsTr("Nothing: just end the reasoning")
                    Accessible.name: qsTr("Sentence written at the thinking budget")
                    onEditingFinished: SettingsController.budgetTransition = text
                }

                SectionTitle { text: qsTr("This conversation"); visible: ChatController.currentConversationId !== 0 }
                Caption { text: qsTr("System prompt"); visible: ChatController.currentConversationId !== 0 }
                TextArea {
                    id: chatPrompt
                    visible: ChatController.currentConversationId !== 0
                    Layout.fillWidth: true
                    wrapMode: TextArea.Wrap
                    background: Rectangle { radius: Theme.radius - 2; color: Theme.surface; border.color: Theme.border }
                    Accessible.name: qsTr("System prompt for this conversation")
                }
                Caption { text: qsTr("Thinking budget"); visible: ChatController.currentConversationId !== 0 }
                SpinBox {
                    id: chatBudget
                    visible: ChatController.currentConversationId !== 0
                    from: -1; to: 131072; stepSize: 256; editable: true
                    textFromValue: (v, locale) => v < 0 ? qsTr("As in Reasoning") : v === 0 ? qsTr("No limit") : Number(v).toLocaleString(locale, "f", 0)
                    valueFromText: (text, locale) => text === qsTr("As in Reasoning") ? -1 : text === qsTr("No limit") ? 0 : Number.fromLocaleString(locale, text)
                    onValueModified: ChatController.setConversationThinkingBudget(value)
                    Layout.preferredWidth: 220
                    Accessible.name: qsTr("Thinking budget for this conversation")
                }
                CheckBox { id: chatTemperature; visible: ChatController.currentConversationId !== 0; text: qsTr("Own temperature") }
                Slider { id: chatTemperatureValue; visible: chatTemperature.checked && chatTemperature.visible; from: 0; to: 2; stepSize: 0.05; Layout.fillWidth: true; Accessible.name: qsTr("Temperature for this conversation") }
                Button {
                    visible: ChatController.currentConversationId !== 0
                    Layout.columnSpan: 2
                    text: qsTr("Save for this conversation")
                    onClicked: ChatController.setConversationSettings(chatPrompt.text,
                        JSON.stringify(chatTemperature.checked ? { temperature: chatTemperatureValue.value } : {}))
                }

                SectionTitle { text: qsTr("Model") }
                Caption { text: qsTr("Context length (tokens)") }
                SpinBox {
                    from: 0; to: 131072; stepSize: 1024; editable: true
                    value: SettingsController.contextLength
                    textFromValue: (v, locale) => v === 0 ? qsTr("Automatic") : Number(v).toLocaleString(locale, "f", 0)
                    valueFromText: (text, locale) => text === qsTr("Automatic") ? 0 : Number.fromLocaleString(locale, text)
                    onValueModified: SettingsController.contextLength = value
                    Layout.preferredWidth: 220
                    Accessible.name: qsTr("Context length")
                    ToolTip.visible: hovered
                    ToolTip.text: qsTr("Automatic: the longest context that fits in memory, up to the model's trained context. A number is the least Ponder loads with.")
                }
                Caption { text: qsTr("KV cache") }
                ComboBox {
                    readonly property var values: ["f16", "q8_0", "q4_0"]
                    model: [qsTr("F16 (exact)"), qsTr("Q8_0 (half the memory)"), qsTr("Q4_0 (a quarter)")]
                    currentIndex: Math.max(0, values.indexOf(SettingsController.kvCacheType))
                    onActivated: index => SettingsController.kvCacheType = values[index]
                    Layout.preferredWidth: 200
                    Accessible.name: qsTr("KV cache type")
                }
                Caption { text: qsTr("GPU") }
                ComboBox {
                    model: [qsTr("Best available"), qsTr("Device 0"), qsTr("Device 1"), qsTr("Device 2")]
                    currentIndex: SettingsController.deviceIndex + 1
                    onActivated: index => SettingsController.deviceIndex = index - 1
                    Layout.preferredWidth: 200 // the default width cut "Best available" short
                    Accessible.name: qsTr("GPU")
                }
                Text { Layout.columnSpan: 2; text: qsTr("Context length, KV cache and GPU apply the next time a model is loaded."); color: Theme.textMuted; font.pixelSize: Theme.fontSmall }
                CheckBox {
                    Layout.columnSpan: 2
                    text: qsTr("Reopen the last model at start (when it still fits)")
                    checked: SettingsController.reopenLastModel
                    onToggled: SettingsController.reopenLastModel = checked
                    Accessible.name: text
                }

                SectionTitle { text: qsTr("Local API server") }
                Switch {
                    objectName: "localServerSwitch"
                    Layout.columnSpan: 2
                    text: qsTr("Serve the loaded model to other programs")
                    checked: SettingsController.localServerEnabled
                    onToggled: SettingsController.localServerEnabled = checked
                    Accessible.name: qsTr("Local API server")
                }
                // Wraps within the page: a long one-line label widened the whole grid past the popup's edge.
                Text {
                    Layout.columnSpan: 2
                    Layout.fillWidth: true
                    Layout.preferredWidth: 0
                    wrapMode: Text.WordWrap
                    text: qsTr("OpenAI-compatible, on this computer only (127.0.0.1).")
                    color: Theme.textMuted
                    font.pixelSize: Theme.fontSmall
                }
                Caption { text: qsTr("Port") }
                SpinBox {
                    from: 1024; to: 65535; editable: true
                    value: SettingsController.localServerPort
                    textFromValue: (v, locale) => String(v)
                    valueFromText: (text, locale) => Number(text)
                    onValueModified: SettingsController.localServerPort = value
                    Layout.preferredWidth: 160
                    Accessible.name: qsTr("Local API server port")
                }
                Caption { text: qsTr("API key") }
                TextField {
                    Layout.fillWidth: true
                    text: SettingsController.localServerKey
                    placeholderText: qsTr("None: any program on this computer may use it")
                    Accessible.name: qsTr("Local API server key")
                    onEditingFinished: SettingsController.localServerKey = text
                }
                TextEdit {
                    objectName: "localServerUrl"
                    Layout.columnSpan: 2
                    visible: SettingsController.localServerEnabled
                    readOnly: true
                    selectByMouse: true
                    color: ChatController.localServerUrl ? Theme.text : Theme.textMuted
                    font.pixelSize: Theme.fontSmall + 1
                    text: ChatController.localServerUrl
                          ? qsTr("Running at %1/v1").arg(ChatController.localServerUrl)
                          : ChatController.localServerStatus
                }

                SectionTitle { id: remoteServersTitle; text: qsTr("Remote servers") }
                RemoteServersSection { Layout.columnSpan: 2; Layout.fillWidth: true }

                SectionTitle { text: qsTr("Appearance") }
                Caption { text: qsTr("Theme") }
                ComboBox {
                    readonly property var values: ["system", "light", "dark"]
                    model: [qsTr("System"), qsTr("Light"), qsTr("Dark")]
                    currentIndex: Math.max(0, values.indexOf(SettingsController.theme))
                    onActivated: index => SettingsController.theme = values[index]
                    Layout.preferredWidth: 200
                    Accessible.name: qsTr("Theme")
                }
                Caption { text: qsTr("Font size") }
                SpinBox { from: 10; to: 24; value: SettingsController.fontSize; onValueModified: SettingsController.fontSize = value; Accessible.name: qsTr("Font size") }
                Button { Layout.columnSpan: 2; Layout.topMargin: Theme.spacingLarge; text: qsTr("Reset to defaults"); onClicked: SettingsController.resetToDefaults() }
            }
        }
    }
}
