"""Smallest valid examples of each accepted audio format, built in memory."""
import io
import struct
import wave


def wav(seconds=0.05, rate=8000) -> bytes:
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(b"\x00\x01" * int(rate * seconds))
    return out.getvalue()


def ogg_opus() -> bytes:
    head = b"OpusHead" + bytes([1, 1]) + struct.pack("<HIhB", 312, 48000, 0, 0)
    page = b"OggS" + bytes([0, 2]) + bytes(8) + struct.pack("<II", 1, 0) + bytes(4) + bytes([1, len(head)])
    return page + head + b"\x00" * 40


def ogg_vorbis() -> bytes:
    head = b"\x01vorbis" + bytes(22)
    return b"OggS" + bytes([0, 2]) + bytes(8) + struct.pack("<II", 1, 0) + bytes(4) + bytes([1, len(head)]) + head


def webm_opus() -> bytes:
    return b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\x82\x84webm" + bytes(20) + b"\x86\x86A_OPUS" + bytes(40)


def mp3(frames=3) -> bytes:
    header = bytes([0xFF, 0xFB, 0x90, 0x64])  # MPEG1 layer III, 128 kbit/s, 44.1 kHz
    length = 144 * 128000 // 44100
    return b"ID3\x04\x00\x00\x00\x00\x00\x00" + (header + bytes(length - 4)) * frames


def m4a() -> bytes:
    return struct.pack(">I", 24) + b"ftypM4A " + bytes(4) + b"M4A isom" + b"\x00\x00\x00\x10moovmp4a" + bytes(8)
