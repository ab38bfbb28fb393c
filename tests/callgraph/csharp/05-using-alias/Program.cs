using System;
using Json = Serialization.Json.JsonWriter;
using Fmt = Serialization.Json;

namespace Demo
{
    public static class Program
    {
        public static void Main()
        {
            Banner();
            var writer = new Json();
            writer.Write("name", "Ada").Write("quote", "say \"hi\"");
            Console.WriteLine(writer.ToString());
            Console.WriteLine(Json.Escape("a\"b"));
            Console.WriteLine(new Fmt.JsonWriter().Write("n", "42"));
        }

        private static void Banner()
        {
            Console.Write("== ");
        }
    }
}
