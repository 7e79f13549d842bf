#version 330 core
// Presents the stylized frame, optionally as a split view (original | stylized)
// and/or with the original frame's colours (stylized luminance + original chrominance).
in vec2 vUv;
out vec4 fragColor;

uniform sampler2D uStylized;
uniform sampler2D uOriginal;
uniform bool uHasOriginal;
uniform bool uSplitView;
uniform bool uPreserveColor;
uniform bool uMirror;            // sample the frames flipped left-right (the split stays original | stylized)
uniform float uDividerHalfWidth; // half the divider line's width, in texture coordinates

// BT.601 YCbCr (full range): luminance from one image, chrominance from another.
vec3 preserveColor(vec3 stylized, vec3 original)
{
    float y = dot(stylized, vec3(0.299, 0.587, 0.114));
    float cb = dot(original, vec3(-0.168736, -0.331264, 0.5));
    float cr = dot(original, vec3(0.5, -0.418688, -0.081312));
    vec3 rgb = vec3(y + 1.402 * cr,
                    y - 0.344136 * cb - 0.714136 * cr,
                    y + 1.772 * cb);
    return clamp(rgb, 0.0, 1.0);
}

void main()
{
    vec2 uv = uMirror ? vec2(1.0 - vUv.x, vUv.y) : vUv;
    vec3 stylized = texture(uStylized, uv).rgb;
    vec3 original = uHasOriginal ? texture(uOriginal, uv).rgb : stylized;

    if (uSplitView)
    {
        if (abs(vUv.x - 0.5) <= uDividerHalfWidth)
        {
            fragColor = vec4(0.95, 0.95, 0.95, 1.0);
            return;
        }
        if (vUv.x < 0.5)
        {
            fragColor = vec4(original, 1.0);
            return;
        }
    }

    vec3 color = uPreserveColor ? preserveColor(stylized, original) : stylized;
    fragColor = vec4(color, 1.0);
}
