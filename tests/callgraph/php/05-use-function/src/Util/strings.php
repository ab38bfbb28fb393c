<?php

namespace App\Util;

function slugify(string $text): string
{
    $slug = preg_replace('/[^a-z0-9]+/', '-', strtolower($text));
    return trim($slug, '-');
}

function truncate(string $text, int $max = 10): string
{
    return strlen($text) > $max ? substr($text, 0, $max - 1) . '~' : $text;
}

function headline(string $text): string
{
    return truncate(slugify($text), 12);
}
