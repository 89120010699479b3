"""The channel aggregate and its icon, decided on folded histories and real image bytes (no I/O)."""

from __future__ import annotations

import io
import uuid

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from common.errors import Invalid, NotFound
from streams.contract.channels import ChannelAttributes, ChannelChanges
from streams.domain import channel_icons, channels, inputs
from streams.domain.channel_events import ChannelChanged, ChannelIconChanged

ORG, SERVICE = 1000, 10_000_001
ENV = uuid.UUID(int=7)
ATTRIBUTES = ChannelAttributes(name="News").model_dump(mode="json")


def created() -> channels.Channel:
    return channels.fold(channels.create(channels.Channel(), ORG, SERVICE, ENV, ATTRIBUTES, 1))


def image(fmt: str, size: tuple[int, int] = (40, 20), mode: str = "RGB") -> bytes:
    out = io.BytesIO()
    Image.new(mode, size).save(out, format=fmt)
    return out.getvalue()


def test_a_change_keeps_what_is_not_sent_and_the_same_values_change_nothing() -> None:
    channel = created()
    [changed] = channels.change(channel, {"quality": 1})
    assert isinstance(changed, ChannelChanged)
    assert changed.attributes == {**ATTRIBUTES, "quality": 1}
    assert channels.change(channel, {"name": "News", "quality": 0}) == []


def test_a_deleted_or_unknown_channel_is_an_invalid_channel_id() -> None:
    deleted = channels.fold([*channels.create(channels.Channel(), ORG, SERVICE, ENV, ATTRIBUTES, 1),
                             *channels.delete(created())])  # fmt: skip
    for channel in (channels.Channel(), deleted):
        with pytest.raises(NotFound, match="invalid-channel-id"):
            channels.change(channel, {"quality": 1})
        with pytest.raises(NotFound):
            channels.delete(channel)


@pytest.mark.parametrize("code", ["en_US", "fi_FI", "sv_FI", "pt_BR", "zh_Hans_CN"])
def test_locales_of_a_language_and_a_territory_are_languages(code: str) -> None:
    assert channels.check_language(code) == code


@pytest.mark.parametrize("code", ["finnish", "en", "EN_US", "en_us", "xx_QQ", "en_ZZZ", "fi-FI"])
def test_anything_else_is_not_a_valid_language_id(code: str) -> None:
    with pytest.raises(Invalid, match="is not a valid language id") as refused:
        channels.check_language(code)
    assert refused.value.field == "primaryLanguage"


@given(st.text(max_size=30))
def test_any_text_is_either_itself_a_locale_or_invalid(code: str) -> None:
    try:
        accepted = channels.check_language(code)
    except Invalid as refused:
        assert refused.field == "primaryLanguage"
    else:
        assert accepted == code and "_" in code


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "GIF"])
def test_accepted_formats_are_kept_as_png_in_three_sizes(fmt: str) -> None:
    icons = channel_icons.icons_of(image(fmt, (400, 200)))
    assert [icon.size for icon in icons] == ["small", "medium", "large"]
    for icon, side in zip(icons, (64, 128, 256), strict=True):
        with Image.open(io.BytesIO(icon.image)) as kept:
            assert (kept.format, kept.size) == ("PNG", (side, side // 2))
    event = channels.new_icon(created(), {icon.size: icon.digest for icon in icons})
    assert isinstance(event[0], ChannelIconChanged) and len(event[0].icons) == 3


@pytest.mark.parametrize(
    "upload",
    [b"", b"plain text", image("BMP"), image("PNG")[:50], image("PNG", (2049, 1)), image("PNG", (2000, 2100), "1"),
     b"\0" * (channel_icons.MAX_BYTES + 1)],
    ids=["empty", "text", "bmp", "truncated", "too-wide", "too-many-pixels", "too-large"],
)  # fmt: skip
def test_what_is_not_an_acceptable_image_is_invalid_naming_the_field(upload: bytes) -> None:
    with pytest.raises(Invalid) as refused:
        channel_icons.icons_of(upload)
    assert refused.value.field == "channelIcon"


CHANGES = st.fixed_dictionaries(
    {},
    optional={
        "name": st.text(alphabet="abc XYZ", min_size=1, max_size=10).filter(str.strip),
        "description": st.text(max_size=20),
        "logicalChannelNumber": st.integers(0, 65_535),
        "aspectRatio": st.sampled_from(["", "4:3", "16:9"]),
        "primaryLanguage": st.sampled_from(["en_US", "fi_FI", "sv_SE"]),
        "audioOnly": st.booleans(),
        "categories": st.lists(st.integers(1, 99), max_size=3),
        "quality": st.sampled_from([0, 1]),
        "isPublic": st.booleans(),
        "locationRestrictions": st.lists(st.integers(1, 99), max_size=3),
    },
)


@given(st.lists(CHANGES, max_size=4))
def test_updates_change_only_the_fields_they_send(updates: list[dict[str, object]]) -> None:
    history = channels.create(channels.Channel(), ORG, SERVICE, ENV, ATTRIBUTES, 1)
    expected = dict(ATTRIBUTES)
    for changes in updates:
        sent = ChannelChanges.model_validate(changes).model_dump(mode="json", exclude_unset=True)
        history += channels.change(channels.fold(history), sent)
        expected.update(sent)
    assert channels.fold(history).attributes == expected


def test_only_the_input_made_with_the_channel_is_its_input() -> None:
    made = inputs.fold(inputs.create(inputs.Input(), ORG, ENV, str(SERVICE), "srt_listener", {"port": 20000}))
    assert channels.is_input_of(created(), made, 1)
    assert not channels.is_input_of(created(), made, 3)  # the id's next life, made through the native API
    assert not channels.is_input_of(created(), inputs.fold([]), 1)
    assert not channels.is_input_of(channels.Channel(), made, 1)
