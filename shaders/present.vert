#version 330 core
// A quad covering the viewport, made from gl_VertexID alone (no vertex buffer):
// draw 4 vertices as a triangle strip.
out vec2 vUv;

void main()
{
    vec2 corner = vec2(float(gl_VertexID & 1), float(gl_VertexID >> 1)); // (0,0) (1,0) (0,1) (1,1)
    // Frames are uploaded top row first, so the top of the viewport samples v = 0.
    vUv = vec2(corner.x, 1.0 - corner.y);
    gl_Position = vec4(corner * 2.0 - 1.0, 0.0, 1.0);
}
