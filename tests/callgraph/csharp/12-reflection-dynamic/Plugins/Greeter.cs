namespace Plugins
{
    public class Greeter
    {
        public string Greet(string name) => $"hello {name}";

        public string Farewell(string name) => $"bye {Shorten(name)}";

        private static string Shorten(string name) => name.Length > 3 ? name.Substring(0, 3) : name;
    }
}
