<?php

namespace App\Text;

function format(string $text): string
{
    return trim($text);
}

function title(string $text): string
{
    return strtoupper(format($text));
}
