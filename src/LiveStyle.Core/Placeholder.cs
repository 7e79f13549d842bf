namespace LiveStyle.Core; public static class Placeholder {}
