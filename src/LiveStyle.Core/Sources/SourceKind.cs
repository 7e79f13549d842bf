namespace LiveStyle.Core.Sources;

public enum SourceKind
{
    Camera,
    Pattern,
    Image,
    Video,
}
