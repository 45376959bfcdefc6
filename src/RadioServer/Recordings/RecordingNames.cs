using System.Globalization;
using System.Text;

namespace RadioServer.Recordings;

/// <summary>
/// Where a recording goes: <c>recordings/&lt;show-slug&gt;/&lt;yyyy-MM-dd_HHmm&gt;_&lt;show-slug&gt;.mp3</c> in the station's
/// time zone (items under their kind: <c>recordings/news/…</c>), with <c>_2</c>, <c>_3</c>… when that name is taken.
/// </summary>
public static class RecordingNames
{
    /// <summary>
    /// "Ọ̀yọ́ Morning Show!" → <c>oyo-morning-show</c>: accents dropped, letters and digits kept in lower case, the rest
    /// one dash; <c>show</c> when nothing is left.
    /// </summary>
    public static string Slug(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var slug = new StringBuilder(text.Length);
        foreach (char c in text.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            char lower = char.ToLowerInvariant(c);
            if (lower is (>= 'a' and <= 'z') or (>= '0' and <= '9'))
            {
                slug.Append(lower);
            }
            else if (slug.Length > 0 && slug[^1] != '-')
            {
                slug.Append('-');
            }

            if (slug.Length >= 60)
            {
                break;
            }
        }

        string result = slug.ToString().Trim('-');
        return result.Length == 0 ? "show" : result;
    }

    /// <summary>The folder (below the recordings root) and file name for a recording of <paramref name="folderName"/> starting at <paramref name="local"/>.</summary>
    public static (string Folder, string FileStem) For(string folderName, string show, DateTimeOffset local)
    {
        string folder = Slug(folderName);
        return (folder, $"{local.ToString("yyyy-MM-dd_HHmm", CultureInfo.InvariantCulture)}_{Slug(show)}");
    }

    /// <summary>The first of <c>stem.mp3</c>, <c>stem_2.mp3</c>, … in <paramref name="folder"/> that does not exist yet.</summary>
    public static string FreePath(string folder, string stem)
    {
        string path = Path.Combine(folder, stem + ".mp3");
        for (int n = 2; File.Exists(path) || File.Exists(RecordingInfo.SidecarOf(path)); n++)
        {
            path = Path.Combine(folder, $"{stem}_{n}.mp3");
        }

        return path;
    }
}
