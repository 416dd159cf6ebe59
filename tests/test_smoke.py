def test_home_page_renders_without_stories(client, db):
    """A fresh site says honestly that nothing is published yet."""
    response = client.get("/")
    assert response.status_code == 200
    assert "No stories have been published yet" in response.content.decode()
