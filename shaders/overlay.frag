#version 330 core
in vec2 vUv;
flat in int vIsBox;
out vec4 fragColor;

uniform sampler2D uFont; // single channel: 1 = ink
uniform vec4 uTextColor;
uniform vec4 uBoxColor;

void main()
{
    if (vIsBox == 1)
    {
        fragColor = uBoxColor;
        return;
    }
    float ink = texture(uFont, vUv).r;
    fragColor = vec4(uTextColor.rgb, uTextColor.a * ink);
}
