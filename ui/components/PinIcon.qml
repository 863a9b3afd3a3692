import QtQuick

// A push pin drawn with a Canvas rather than the 📌 glyph: the default Debian fonts have no
// emoji, so the glyph showed as a missing-character box. Tilted 45°, head up-right.
Canvas {
    id: root
    property color color: "#6b6b74"
    implicitWidth: 14
    implicitHeight: 14
    Accessible.ignored: true
    onColorChanged: requestPaint()
    onWidthChanged: requestPaint()
    onPaint: {
        const ctx = getContext("2d");
        ctx.reset();
        ctx.scale(width / 16, height / 16);
        ctx.translate(8, 8);
        ctx.rotate(Math.PI / 4);
        ctx.fillStyle = root.color;
        ctx.strokeStyle = root.color;
        ctx.fillRect(-3.5, -7, 7, 2);      // cap
        ctx.fillRect(-2, -5, 4, 5);        // body
        ctx.fillRect(-5, 0, 10, 2);        // collar
        ctx.lineWidth = 1.4;
        ctx.lineCap = "round";
        ctx.beginPath();                   // needle
        ctx.moveTo(0, 2);
        ctx.lineTo(0, 7.5);
        ctx.stroke();
    }
}
