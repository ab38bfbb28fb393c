using System;
using Tools;

var values = args.Length > 0 ? args : new[] { "3", "x", "12" };
var total = 0;
foreach (var raw in values)
{
    if (TryParse(raw, out var n))
        total += n;
    else
        Console.WriteLine(Util.Describe(raw));
}
Console.WriteLine(Format(total));

bool TryParse(string text, out int value) => int.TryParse(text.Trim(), out value);

string Format(int value) => $"total={Util.Pad(value.ToString(), 6)}";
