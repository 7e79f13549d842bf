#version 330 core
// One instance per quad: the background box (glyph < 0) or one character.
// Positions are framebuffer pixels with the origin at the top-left.
layout(location = 0) in vec4 aRect;   // x, y, width, height
layout(location = 1) in float aGlyph; // index into the font atlas, or -1 for the box

uniform vec2 uViewport;     // framebuffer size in pixels
uniform vec2 uAtlasCells;   // atlas columns, rows
uniform vec2 uGlyphInCell;  // glyph size / cell size

out vec2 vUv;
flat out int vIsBox;

void main()
{
    vec2 corner = vec2(float(gl_VertexID & 1), float(gl_VertexID >> 1)); // triangle strip of 4
    vec2 pixel = aRect.xy + corner * aRect.zw;
    gl_Position = vec4(pixel.x / uViewport.x * 2.0 - 1.0, 1.0 - pixel.y / uViewport.y * 2.0, 0.0, 1.0);

    float glyph = max(aGlyph, 0.0);
    vec2 cell = vec2(mod(glyph, uAtlasCells.x), floor(glyph / uAtlasCells.x));
    vUv = (cell + corner * uGlyphInCell) / uAtlasCells;
    vIsBox = aGlyph < 0.0 ? 1 : 0;
}
