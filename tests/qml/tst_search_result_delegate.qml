import QtQuick
import QtTest
import Ponder

// A search result row: the conversation's title with how many of its texts match.
Item {
    id: stage
    width: 300
    height: 200

    TestCase {
        name: "SearchResultDelegate"
        when: windowShown

        Component {
            id: rowComponent
            SearchResultDelegate { width: 280 }
        }

        function test_countIsShown_data() {
            return [{ tag: "one", count: 1, text: "1 match" }, { tag: "several", count: 3, text: "3 matches" }];
        }
        function test_countIsShown(data) {
            const row = createTemporaryObject(rowComponent, stage, {
                conversationId: 7, title: "Primes", snippet: "every <b>prime</b>", matchCount: data.count });
            compare(findChild(row, "matchCount").text, data.text);
        }
    }
}
