//! Group server functions: parse, call the service, redirect.

use super::domain::Role;
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use {
    super::{
        domain::{City, Description, GroupName, Slug, Website},
        service::{self, GroupDetails},
    },
    crate::{
        accounts::api::auth,
        state::app_state,
        web::{origin, redirect},
    },
};

/// A group in a listing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupSummary {
    pub slug: String,
    pub name: String,
    pub city: Option<String>,
    /// The first line of the description, as plain text.
    pub blurb: String,
}

/// Someone who runs a group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Organizer {
    pub account_id: i64,
    pub display_name: String,
    /// Only sent to the group's organizers.
    pub email: Option<String>,
    pub role: Role,
}

/// A group's page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupView {
    pub slug: String,
    pub name: String,
    /// The Markdown source, sent to organizers only (for the settings form).
    pub description: Option<String>,
    /// The description rendered to safe HTML on the server.
    pub description_html: String,
    /// The description's first line as plain text (for link previews).
    pub blurb: String,
    pub website: Option<String>,
    pub city: Option<String>,
    /// The IANA zone new events start in.
    pub time_zone: String,
    pub organizers: Vec<Organizer>,
    /// The viewer's role, if they organize this group.
    pub my_role: Option<Role>,
    /// The group's calendar feed, absolute (`https://…/g/{slug}/calendar.ics`).
    pub feed_url: String,
}

#[cfg(feature = "ssr")]
fn details(
    name: &str,
    description: &str,
    website: &str,
    city: &str,
    time_zone: &str,
) -> Result<GroupDetails, AppError> {
    let zone = if time_zone.trim().is_empty() {
        "UTC"
    } else {
        time_zone
    };
    let mut checks = crate::error::FieldChecks::default();
    let name = checks.check(GroupName::parse("name", name));
    let description = checks.check(Description::parse("description", description));
    let website = checks.check(Website::parse("website", website));
    let city = checks.check(City::parse("city", city));
    let time_zone = checks.check(crate::events::time::parse_zone("time_zone", zone));
    checks.finish()?;
    match (name, description, website, city, time_zone) {
        (Some(name), Some(description), Some(website), Some(city), Some(time_zone)) => {
            Ok(GroupDetails {
                name,
                description,
                website,
                city,
                time_zone,
            })
        }
        _ => Err(AppError::BadRequest),
    }
}

/// Groups for the home page, 50 a page.
#[server(endpoint = "list_groups")]
pub async fn list_groups(page: u32) -> Result<Vec<GroupSummary>, AppError> {
    service::list_groups(&app_state()?.db, page, 50).await
}

/// One group's page.
#[server(endpoint = "get_group")]
pub async fn get_group(slug: String) -> Result<GroupView, AppError> {
    let viewer = auth::current().await?.map(|(user, _)| user);
    let mut view = service::group_view(&app_state()?.db, &slug, viewer.as_ref()).await?;
    view.feed_url = format!("{}/g/{}/calendar.ics", origin()?, view.slug);
    Ok(view)
}

/// Creates a group owned by the signed-in person.
#[server(endpoint = "create_group")]
pub async fn create_group(
    name: String,
    slug: String,
    description: String,
    website: String,
    city: String,
    #[server(default)] time_zone: String,
) -> Result<(), AppError> {
    let user = auth::require().await?;
    let (slug, details) = match (
        Slug::parse("slug", &slug),
        details(&name, &description, &website, &city, &time_zone),
    ) {
        (Ok(slug), Ok(details)) => (slug, details),
        (slug, details) => {
            return Err(AppError::merge(
                [slug.err(), details.err()].into_iter().flatten().collect(),
            )
            .unwrap_or(AppError::BadRequest))
        }
    };
    let path = format!("/g/{}", slug.as_str());
    service::create_group(&app_state()?.db, &user, slug, details).await?;
    redirect(&path);
    Ok(())
}

/// Edits a group's details.
#[server(endpoint = "update_group")]
pub async fn update_group(
    group: String,
    name: String,
    description: String,
    website: String,
    city: String,
    #[server(default)] time_zone: String,
) -> Result<(), AppError> {
    let user = auth::require().await?;
    let details = details(&name, &description, &website, &city, &time_zone)?;
    service::update_group(&app_state()?.db, &user, &group, details).await?;
    redirect(&format!("/g/{group}/settings?saved=details"));
    Ok(())
}

/// Removes a co-organizer (or yourself).
#[server(endpoint = "remove_organizer")]
pub async fn remove_organizer(group: String, account_id: i64) -> Result<(), AppError> {
    let user = auth::require().await?;
    service::remove_organizer(&app_state()?.db, &user, &group, account_id).await?;
    redirect(&if account_id == user.account_id {
        format!("/g/{group}")
    } else {
        format!("/g/{group}/settings?saved=organizers")
    });
    Ok(())
}

/// Hands the group to a co-organizer.
#[server(endpoint = "transfer_ownership")]
pub async fn transfer_ownership(group: String, account_id: i64) -> Result<(), AppError> {
    let user = auth::require().await?;
    service::transfer_ownership(&app_state()?.db, &user, &group, account_id).await?;
    redirect(&format!("/g/{group}/settings?saved=owner"));
    Ok(())
}

/// Deletes the group after its web address was typed to confirm.
#[server(endpoint = "delete_group")]
pub async fn delete_group(group: String, confirm: String) -> Result<(), AppError> {
    let user = auth::require().await?;
    service::delete_group(&app_state()?.db, &user, &group, &confirm).await?;
    redirect("/?deleted=1");
    Ok(())
}
