using System.Text;

namespace Serialization.Json
{
    public class JsonWriter
    {
        private readonly StringBuilder _buffer = new StringBuilder();

        public JsonWriter Write(string key, string value)
        {
            Separator();
            _buffer.Append('"').Append(Escape(key)).Append("\":\"").Append(Escape(value)).Append('"');
            return this;
        }

        public static string Escape(string text) => text.Replace("\\", "\\\\").Replace("\"", "\\\"");

        private void Separator()
        {
            if (_buffer.Length > 0)
                _buffer.Append(',');
        }

        public override string ToString() => "{" + _buffer + "}";
    }
}
